"""API permissions: the model permissions of the view's model, and of every model a nested write touches."""

from django.db import models
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's `DjangoModelPermissionsOrAnonReadOnly` (the project default), same rules.

    DRF calls `view.get_queryset()` only to read `.model`; our loaders (annotations, subqueries)
    cost about a millisecond to build, so the view's plain `queryset` attribute answers instead.
    """

    def _queryset(self, view):
        queryset = getattr(view, "queryset", None)
        if queryset is not None:
            return queryset
        return super()._queryset(view)


def require_nested_write_permissions(user, nested: dict[str, tuple[type[models.Model], bool]], *, creating: bool):
    """A nested write needs the permission of every model it creates, changes or deletes.

    `nested` maps each nested list the body sends to (its model, whether the list has items).
    Creating an agreement adds the items sent; updating replaces the stored list, which may add,
    change and delete rows. Raises PermissionDenied (403) naming what is missing.
    """
    needed = set()
    for model, has_items in nested.values():
        replaced = ("add", "change", "delete")
        actions = replaced if not creating else ("add",) if has_items else ()
        needed |= {f"{model._meta.app_label}.{action}_{model._meta.model_name}" for action in actions}
    missing = sorted(permission for permission in needed if not user.has_perm(permission))
    if missing:
        raise PermissionDenied(
            _("This write also needs the permissions: %(permissions)s.") % {"permissions": ", ".join(missing)}
        )
