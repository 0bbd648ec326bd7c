from django.urls import path

from ontwikkelwijzer.scan import views

app_name = "scan"
urlpatterns = [
    path("", views.scan_form, name="form"),
    path("resultaat/", views.visitor_result, name="visitor_result"),
    path("<int:pk>/", views.scan_detail, name="detail"),
]
