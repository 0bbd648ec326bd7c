"""Fixtures shared by the work-field tests: a school with a team and a partner."""

import pytest

from ontwikkelwijzer.teams.models import Organisation, Team
from ontwikkelwijzer.workfield.models import Partner


@pytest.fixture
def school():
    return Organisation.objects.create(name="ROC Oost")


@pytest.fixture
def team(school):
    return Team.objects.create(organisation=school, name="Zorg")


@pytest.fixture
def partner(school):
    return Partner.objects.create(organisation=school, name="Zorggroep Rivierenland", city="Tiel")
