def roles(request):
    """Expose the user's role codes to templates (navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    from neuguong.org.access import user_roles

    return {"user_roles": user_roles(user)}
