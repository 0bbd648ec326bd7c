from django.urls import path

from ontwikkelwijzer.plans.views import conversation, exports, items, log, plan

app_name = "plans"
urlpatterns = [
    path("", plan.current, name="current"),
    path("<str:school_year>/", plan.detail, name="detail"),
    path("<str:school_year>/starten/", plan.start, name="start"),
    path("<str:school_year>/meenemen/", plan.carry_over, name="carry_over"),
    path("<str:school_year>/toevoegen/", items.create, name="item_create"),
    path("<str:school_year>/activiteit-toevoegen/", plan.add_activity, name="add_activity"),
    path("<str:school_year>/gesprek/", conversation.add_own, name="conversation"),
    path("<str:school_year>/ontwikkelplan.pdf", exports.pdf, name="export_pdf"),
    path("<str:school_year>/ontwikkelplan.xlsx", exports.xlsx, name="export_xlsx"),
    path("<str:school_year>/ontwikkelplan.csv", exports.csv, name="export_csv"),
    path("item/<int:pk>/", items.detail, name="item"),
    path("item/<int:pk>/bewerken/", items.edit, name="item_edit"),
    path("item/<int:pk>/logboek/", log.add, name="log_add"),
    path("item/<int:pk>/reflectie/", log.reflect, name="reflect"),
    path("logboek/<int:pk>/verwijderen/", log.delete, name="log_delete"),
    path("logboek/<int:pk>/bewijs/", log.evidence, name="evidence"),
]
