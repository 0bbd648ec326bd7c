"""The relations of every installed model to a person, found by walking the models (not declared): a
foreign key, one-to-one (a parent link too) or many-to-many field that points at the user model, or at a
model that has such a relation itself."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models


def _forward_relations(model):
    for field in model._meta.get_fields():
        if not field.is_relation or field.related_model is None:
            continue  # not a relation, or a generic foreign key
        if isinstance(field, models.ForeignObjectRel):
            continue  # the other end of a relation declared on another model
        yield field  # a foreign key, one-to-one (a parent link too) or many-to-many field


def user_relations() -> dict[str, tuple[type[models.Model], models.Field]]:
    """``{"app.Model.field": (model, field)}`` for every relation to the user, direct or through rows of
    models that relate to the user."""
    user_model = get_user_model()
    related = {user_model}
    found: dict[str, tuple] = {}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            for field in _forward_relations(model):
                if field.related_model in related:
                    key = f"{model._meta.label}.{field.name}"
                    if key not in found:
                        found[key] = (model, field)
                        changed = True
                    if model not in related:
                        related.add(model)
                        changed = True
    return found


def declared_field(key: str):
    """(model, field) of a declared ``app.Model.field``; LookupError/FieldDoesNotExist when there is none."""
    app_label, model_name, field_name = key.split(".")
    model = apps.get_model(app_label, model_name)
    return model, model._meta.get_field(field_name)


def rows_of(model, user, *, declared: dict[str, tuple], _seen: frozenset = frozenset()):
    """The rows of ``model`` that belong to ``user`` through any declared relation (a relation field, or
    a field holding the e-mail address)."""
    if model is get_user_model():
        return model.objects.filter(pk=user.pk)
    condition = models.Q(pk__in=[])
    for owner, field in declared.values():
        if owner is not model:
            continue
        if not field.is_relation:
            condition |= models.Q(**{f"{field.name}__iexact": user.email})
        elif field.related_model not in _seen | {model}:
            parents = rows_of(field.related_model, user, declared=declared, _seen=_seen | {model})
            condition |= models.Q(**{f"{field.name}__in": parents.values("pk")})
    return model.objects.filter(condition)


def rows_via(key: str, user, *, declared: dict[str, tuple]):
    """The rows that belong to ``user`` through the one relation ``key``."""
    model, field = declared[key]
    if not field.is_relation:
        return model.objects.filter(**{f"{field.name}__iexact": user.email})
    parents = rows_of(field.related_model, user, declared=declared, _seen=frozenset({model}))
    return model.objects.filter(**{f"{field.name}__in": parents.values("pk")})
