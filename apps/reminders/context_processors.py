from .selectors import unread_count as count_unread


class UnreadCount:
    """The number of the person's unread notifications. The template engine calls it when a
    template shows it: one COUNT query then, none on pages that do not show it, and one
    however many times a page shows it."""

    def __init__(self, user):
        self.user = user
        self.value = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = count_unread(self.user)
        return self.value


def unread_count(request):
    """`{{ unread_notifications }}` for the navigation (0 for visitors, without a query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": UnreadCount(user)}
