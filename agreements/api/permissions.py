"""The default model permissions, without building the view's read queryset just to learn its model."""

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
