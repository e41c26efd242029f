"""Names of units as pages write them."""

from django import template

from lamtheo.org import kinds

register = template.Library()


@register.filter
def committee(unit) -> str:
    """The unit's committee, which decides for it ("Đảng ủy Khối …", "Chi ủy Chi bộ …");
    the unit's own name for a party group."""
    if unit is None:
        return ""
    return kinds.committee_name(unit.name, unit.kind) or unit.name
