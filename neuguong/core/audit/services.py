def log_action(obj, action, *, actor=None, data=None):  # placeholder until the audit log lands
    return None
