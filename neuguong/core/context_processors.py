def roles(request):
    """Expose the user's role codes and whether they are staff to templates (navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "is_staff_member": False}
    from neuguong.org.access import scope_for, user_roles

    return {"user_roles": user_roles(user), "is_staff_member": scope_for(user).is_staff}
