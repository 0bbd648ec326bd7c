from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Dutch first: the language is Dutch unless the user chose another with the language switch.

    The browser's Accept-Language is not followed on purpose: many Dutch teachers use a browser set to
    English and still expect the school's application in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
