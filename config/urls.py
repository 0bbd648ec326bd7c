from django.contrib import admin
from django.urls import include, path

from ontwikkelwijzer.api.api import api
from ontwikkelwijzer.core import views as core_views
from ontwikkelwijzer.overviews.views import start as start_views

urlpatterns = [
    # visitors: the public home page (cached); a signed-in teacher: their start page (overviews.views.start)
    path("", start_views.home, name="home"),
    path("health", core_views.health, name="health"),
    path("", include("ontwikkelwijzer.framework.urls")),
    path("account/", include("ontwikkelwijzer.accounts.urls")),
    path("account/", include("ontwikkelwijzer.privacy.urls")),
    path("zelfscan/", include("ontwikkelwijzer.scan.urls")),
    path("", include("ontwikkelwijzer.plans.urls")),
    path("organisatie/", include("ontwikkelwijzer.teams.urls")),
    path("werkveld/", include("ontwikkelwijzer.workfield.urls")),
    path("", include("ontwikkelwijzer.notifications.urls")),
    path("", include("ontwikkelwijzer.overviews.urls")),
    path("api/v1/", api.urls),
    path("taal/", core_views.set_language, name="set_language"),
    path("beheer/", admin.site.urls),
]

handler404 = "ontwikkelwijzer.core.views.page_not_found"
handler500 = "ontwikkelwijzer.core.views.server_error"
