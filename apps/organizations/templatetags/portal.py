from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ consent_ok|get_item:participant_id }}`: a dict lookup by a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def tenant_url(context, name, **kwargs):
    """`{% tenant_url 'roadmap:detail' roadmap_id=roadmap.pk %}` in the current tenant,
    organisation or committee."""
    from apps.organizations.scoping import owner_of
    from apps.organizations.scoping import tenant_url as reverse_in_tenant

    return reverse_in_tenant(owner_of(context["request"]), name, **kwargs)
