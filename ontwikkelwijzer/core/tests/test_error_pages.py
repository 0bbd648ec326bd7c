from django.test import RequestFactory

from ontwikkelwijzer.core.views import server_error


class ErrorPageTests:
    def test_the_500_page_is_dutch_and_standalone(self):
        response = server_error(RequestFactory().get("/"))
        html = response.content.decode()
        assert response.status_code == 500
        assert '<html lang="nl">' in html and "Er ging iets mis" in html
