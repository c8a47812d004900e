import pytest

from casework.demo.seed import seed_member_login
from tests.conftest import Api


@pytest.fixture
def member_api(member, county):
    """The member persona, the login of ``member``."""
    return Api(seed_member_login(member, county))
