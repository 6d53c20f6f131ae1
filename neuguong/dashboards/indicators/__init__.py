"""Decision 766/QĐ-TTg indicators: formulas (`formulas`), scoring and Wilson intervals (`scoring`), fair
league tables (`league`), rulebook keys (`keys`). See docs/indicators.md."""
