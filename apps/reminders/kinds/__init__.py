"""The reminder kinds, one module per family; each registers its kinds in
apps/reminders/registry.py when RemindersConfig.ready() loads it."""
