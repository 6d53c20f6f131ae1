"""The demo province and catalogue, loaded once per test module for the seed and demo tests.

Written in a transaction that the module's end rolls back (like conftest's `module_world`); each
test runs in its own savepoint inside it, so what a test seeds is gone for the next one.
"""

import pytest


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The seed's World (seed/world.py) over the demo province."""
    from django.db import transaction

    from neuguong.demo.province import load_province
    from neuguong.onestop.catalogue import load_demo_catalogue
    from neuguong.onestop.seed.world import load_world

    with django_db_blocker.unblock():
        block = transaction.atomic()
        block._from_testcase = True  # as Django's TestCase marks its class-wide block
        block.__enter__()
        try:
            load_province()
            world = load_world(load_demo_catalogue())
        except BaseException:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        block.__exit__(None, None, None)
