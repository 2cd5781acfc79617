"""Template helpers of the séance pages."""

from django import template

from creneaux.roles import roles_de

register = template.Library()


@register.simple_tag(takes_context=True)
def acces_seances(context):
    """Whether the user may see some séance (the « Séances » link): a member of a comité, a
    coordination, the Ministère, an administrator — the people rule `seances.voir` lets in."""
    roles = roles_de(context["request"].user)
    return bool(roles.comites or roles.coordination or roles.ministere or roles.admin)
