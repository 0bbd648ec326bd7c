from django.contrib import admin

from ontwikkelwijzer.teams import services
from ontwikkelwijzer.teams.models import Membership, Organisation, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "development_hours", "min_group_size", "email_domains"]
    inlines = [TeamInline]

    def save_model(self, request, obj, form, change):
        services.school_settings_save(organisation=obj, by=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "team", "organisation"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "team__name"]
    autocomplete_fields = ["user"]
