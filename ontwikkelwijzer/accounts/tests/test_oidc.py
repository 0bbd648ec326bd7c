"""Single sign-on through OpenID Connect, against a small provider of our own on a local port.

The provider answers the token, userinfo and key-set requests the way a real one does: an RS256-signed
ID token with the nonce it was given, the person's claims, and its public key. So the whole code flow
runs: the login page's button, the redirect with state, nonce and PKCE, the callback, the token check.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import PASSWORD, english, link_in, mails_to, sign_up

pytestmark = pytest.mark.django_db
CLIENT_ID = "ontwikkelwijzer-test"
ISSUER = "https://sso.example"


class FakeProvider:
    """A token endpoint, a userinfo endpoint and a key set, serving what the test sets in ``claims``."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict = {}
        self.token_claims: dict = {}
        self.nonce = ""
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # the token request
                self.rfile.read(int(self.headers["Content-Length"]))
                now = int(time.time())
                claims = {
                    "iss": ISSUER,
                    "sub": "abc123",
                    "aud": CLIENT_ID,
                    "iat": now,
                    "exp": now + 300,
                    "nonce": provider.nonce,
                } | provider.token_claims
                token = jwt.encode(claims, provider.key, algorithm="RS256", headers={"kid": "k1"})
                self._json({"id_token": token, "access_token": "access", "token_type": "Bearer"})

            def do_GET(self):
                if self.path == "/jwks":
                    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json({"keys": [public | {"kid": "k1", "alg": "RS256", "use": "sig"}]})
                else:
                    self._json(provider.claims)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def settings(self) -> dict:
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": "secret",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_OP_ISSUER": ISSUER,
            "OIDC_PROVIDER_NAME": "SURFconext",
            "AUTHENTICATION_BACKENDS": [
                *settings.AUTHENTICATION_BACKENDS,
                "ontwikkelwijzer.accounts.oidc.SchoolOIDCBackend",
            ],
        }


@pytest.fixture(scope="module")
def provider():
    made = FakeProvider()
    yield made
    made.server.shutdown()


@pytest.fixture
def sso(provider):
    provider.claims = {
        "email": "Docent@School.nl",
        "email_verified": True,
        "given_name": "Sanne",
        "family_name": "de Vries",
    }
    provider.token_claims = {}
    with override_settings(**provider.settings()):
        yield provider


def sign_on(client, provider, next_url: str = ""):
    """Start at our side, 'log in' at the provider, and come back: the callback's response."""
    start = reverse("accounts:sso_start") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302
    asked = parse_qs(urlparse(response["Location"]).query)
    assert response["Location"].startswith(f"{ISSUER}/authorize?")
    assert (
        asked["client_id"] == [CLIENT_ID]
        and "code_challenge" in asked
        and asked["scope"] == ["openid email profile"]
    )
    provider.nonce = asked["nonce"][0]
    return client.get(reverse("accounts:sso_callback"), {"code": "the-code", "state": asked["state"][0]})


class SingleSignOnTests:
    def test_the_first_sign_on_makes_an_account_and_signs_in(self, client, sso):
        response = sign_on(client, sso)

        assert response.status_code == 302 and response["Location"] == reverse("home")
        user = User.objects.get(email__iexact="docent@school.nl")
        assert (user.first_name, user.last_name) == ("Sanne", "de Vries")
        assert not user.has_usable_password()
        assert user.email_verified_at is not None and user.oidc_subject == "abc123"
        assert client.get(reverse("accounts:profile")).status_code == 200

    def test_a_confirmed_account_is_found_by_its_address_linked_and_keeps_its_own_name(self, client, sso):
        existing = User.objects.create_user(
            email="docent@school.nl", password="eigen-wachtwoord-1", first_name="S."
        )

        sign_on(client, sso)

        assert User.objects.count() == 1
        existing.refresh_from_db()
        assert existing.first_name == "S." and existing.last_name == "de Vries"
        assert existing.oidc_subject == "abc123"
        assert int(client.session["_auth_user_id"]) == existing.pk

    def test_it_goes_back_to_where_the_person_was(self, client, sso):
        response = sign_on(client, sso, next_url="/ontwikkelplan/")

        assert response["Location"] == "/ontwikkelplan/"

    @pytest.mark.parametrize(
        "claims, token_claims",
        [
            ({"email": ""}, {}),  # no address
            ({}, {"aud": "another-client"}),  # a token for someone else
            ({}, {"iss": "https://elsewhere.example"}),  # from another provider
            ({}, {"nonce": "replayed"}),  # a token from another sign-on
            ({}, {"exp": int(time.time()) - 10}),  # expired
        ],
    )
    def test_it_refuses_what_it_cannot_trust_and_says_so_on_the_login_page(
        self, client, sso, claims, token_claims
    ):
        sso.claims |= claims
        sso.token_claims = token_claims

        response = sign_on(client, sso)

        assert response.status_code == 302 and "sso=mislukt" in response["Location"]
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert "Inloggen via SURFconext is niet gelukt" in page.content.decode()
        if token_claims:
            assert not User.objects.exists()

    def test_a_callback_without_a_started_sign_on_signs_nobody_in(self, client, sso):
        response = client.get(reverse("accounts:sso_callback"), {"code": "x", "state": "guessed"})

        assert response.status_code == 302 and "_auth_user_id" not in client.session

    def test_the_login_page_offers_it_beside_the_password_form(self, client, sso):
        html = client.get(reverse("accounts:login")).content.decode()

        assert "Inloggen via SURFconext" in html and 'name="password"' in html
        assert 'href="/account/sso/"' in html


class SwitchedOffTests:
    def test_without_settings_there_is_no_button_and_no_sso_url(self, client):
        assert not settings.OIDC_ENABLED
        html = client.get(reverse("accounts:login")).content.decode()

        assert "SURFconext" not in html and 'name="password"' in html
        assert client.get(reverse("accounts:sso_start")).status_code == 404
        assert client.get(reverse("accounts:sso_callback"), {"code": "x", "state": "y"}).status_code == 404

    def test_local_accounts_keep_working_when_it_is_on(self, client, provider):
        User.objects.create_user(email="lokaal@school.nl", password="een-goed-wachtwoord-7")
        with override_settings(**provider.settings()):
            response = client.post(
                reverse("accounts:login"),
                {"username": "lokaal@school.nl", "password": "een-goed-wachtwoord-7"},
            )

        assert response.status_code == 302 and "_auth_user_id" in client.session


LINK_FIRST = "/account/inloggen/?sso=koppelen"


def log_in(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def reset_password(client, email: str, password: str) -> None:
    client.post(reverse("accounts:password_reset"), {"email": email})
    form_url = client.get(link_in(mails_to(email)[-1], "wachtwoord-herstellen"))["Location"]
    assert client.post(form_url, {"new_password1": password, "new_password2": password}).status_code == 302


class PreRegistrationTests:
    """Finding 2: someone signs up with a colleague's address before the colleague ever signs on."""

    def test_the_sign_on_does_not_land_in_the_pre_registered_account_and_a_reset_links_it(self, sso):
        attacker, owner = Client(), Client()
        sign_up(attacker, "docent@school.nl", password="Het-wachtwoord-van-de-aanvaller")
        account = User.objects.get(email="docent@school.nl")

        response = sign_on(english(owner), sso)

        assert response.status_code == 302 and response["Location"] == LINK_FIRST
        assert "_auth_user_id" not in owner.session
        account.refresh_from_db()
        assert account.oidc_subject is None and account.email_verified_at is None
        assert "log in once with your e-mail address and password" in owner.get(LINK_FIRST).content.decode()

        reset_password(owner, "docent@school.nl", PASSWORD)  # the owner proves the address by mail

        account.refresh_from_db()
        assert account.oidc_subject == "abc123" and account.email_verified_at is not None
        assert log_in(Client(), "docent@school.nl", "Het-wachtwoord-van-de-aanvaller").status_code == 200
        later = Client()
        assert sign_on(later, sso)["Location"] == reverse("home")
        assert int(later.session["_auth_user_id"]) == account.pk

    def test_a_confirmed_account_and_a_provider_that_does_not_vouch_need_one_local_login(self, client, sso):
        account = User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        del sso.claims["email_verified"]  # absent is not "verified"

        assert sign_on(client, sso)["Location"] == LINK_FIRST
        assert "_auth_user_id" not in client.session

        assert log_in(client, "docent@school.nl", PASSWORD).status_code == 302
        account.refresh_from_db()
        assert account.oidc_subject == "abc123"
        client.post(reverse("accounts:logout"))
        assert sign_on(client, sso)["Location"] == reverse("home")

    def test_a_local_login_to_another_address_links_nothing(self, client, sso):
        User.objects.create_user(email="docent@school.nl", password=PASSWORD, email_verified_at=None)
        other = User.objects.create_user(email="ander@school.nl", password=PASSWORD)

        sign_on(client, sso)
        log_in(client, "ander@school.nl", PASSWORD)

        other.refresh_from_db()
        assert other.oidc_subject is None
        assert not User.objects.filter(oidc_subject__isnull=False).exists()

    @pytest.mark.parametrize("verified", [False, None])
    def test_an_address_the_provider_does_not_vouch_for_makes_no_account(self, client, sso, verified):
        sso.claims["email"] = "nieuw@school.nl"
        sso.claims["email_verified"] = verified

        response = sign_on(client, sso)

        assert response["Location"] == LINK_FIRST  # the same answer as for an existing address
        assert not User.objects.exists() and "_auth_user_id" not in client.session

    def test_confirming_a_sign_up_in_the_same_session_links_the_waiting_sign_on(self, client, sso):
        sso.claims["email_verified"] = False
        sign_on(client, sso)
        sign_up(client, "docent@school.nl")

        client.post(link_in(mails_to("docent@school.nl")[0]))

        assert User.objects.get(email="docent@school.nl").oidc_subject == "abc123"

    def test_an_account_linked_to_another_identity_is_not_taken_over(self, client, sso):
        User.objects.create_user(email="docent@school.nl", password=PASSWORD, oidc_subject="iemand-anders")

        response = sign_on(client, sso)

        assert "sso=mislukt" in response["Location"] and "_auth_user_id" not in client.session

    def test_a_linked_account_is_found_by_its_subject_even_when_the_address_changed(self, client, sso):
        account = User.objects.create_user(email="docent@school.nl", password=PASSWORD, oidc_subject="abc123")
        sso.claims["email"] = "nieuwe.naam@school.nl"
        sso.claims["email_verified"] = False

        sign_on(client, sso)

        assert int(client.session["_auth_user_id"]) == account.pk
        assert not User.objects.filter(email="nieuwe.naam@school.nl").exists()

    def test_a_userinfo_subject_other_than_the_tokens_is_refused(self, client, sso):
        sso.claims["sub"] = "iemand-anders"

        response = sign_on(client, sso)

        assert "sso=mislukt" in response["Location"] and not User.objects.exists()
