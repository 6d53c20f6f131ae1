from neuguong.cli import main

main()
