"""The result page of a saved scan draws the profile over the person's last scans, with the numbers."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ontwikkelwijzer.scan.models import Scan
from tests.support import person, scan


@pytest.mark.django_db
def test_the_profile_over_time_shows_each_scan_in_the_chart_and_the_table(client, framework):
    teacher = person()
    first, second = scan(teacher, framework, 2), scan(teacher, framework, 4)
    Scan.objects.filter(pk=first.pk).update(created_at=second.created_at - timedelta(days=90))
    someone_else = scan(person(), framework, 5)
    client.force_login(teacher)

    html = client.get(reverse("scan:detail", args=[second.pk])).content.decode()

    assert 'id="scan-history-chart-title"' in html and 'class="scan-history"' in html
    assert ", Beroepsbekwaamheid: 2</title>" in html and ", Beroepsbekwaamheid: 4</title>" in html
    assert "5,0" not in html.split('class="scan-history"')[1].split("</table>")[0]
    assert f"/zelfscan/{someone_else.pk}/" not in html


@pytest.mark.django_db
def test_a_first_scan_has_no_profile_over_time(client, framework):
    teacher = person()
    only = scan(teacher, framework, 3)
    client.force_login(teacher)
    html = client.get(reverse("scan:detail", args=[only.pk])).content.decode()
    assert "scan-history" not in html


@pytest.mark.django_db
def test_the_profile_over_time_costs_the_same_queries_for_two_scans_and_for_six(client, framework):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    teacher = person()
    client.force_login(teacher)
    counts = []
    for total in (2, 6):
        while Scan.objects.filter(user=teacher).count() < total:
            latest = scan(teacher, framework, 3)
        client.get(reverse("scan:detail", args=[latest.pk]))  # warm
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("scan:detail", args=[latest.pk]))
        counts.append(len(ctx))
    assert counts[0] == counts[1]
