from django.conf import settings
from django.utils.functional import SimpleLazyObject

# The product's name, written with its diacritics on every page ("neuguong" stays in code and commands).
PRODUCT_NAME = "Nêu gương"


def roles(request):
    """Expose the user's role codes and whether they are staff to templates (navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "is_staff_member": False}
    from neuguong.org.access import scope_for, user_roles

    return {"user_roles": user_roles(user), "is_staff_member": scope_for(user).is_staff}


def layout(request):
    """The header of base.html: the authority, the product name and the main menu (built only when a
    template shows it: htmx partials never do)."""
    from neuguong.core.menus import menu_for

    user = getattr(request, "user", None)
    return {
        "authority_name": settings.AUTHORITY_NAME,
        "product_name": PRODUCT_NAME,
        "main_menu": SimpleLazyObject(
            lambda: menu_for(user, request.path) if user is not None else []
        ),
    }
