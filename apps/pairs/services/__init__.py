"""The changes of the pairs app, one module per noun (Zulip's zerver/actions/ shape):
programmes, enrollments, training, preferences, matching_runs, pairs, meetings,
development_plans.

Each function is atomic and takes keyword arguments only; what a person does (`actor=`)
leaves an audit entry on the programme or the pair: that is the pair's history. Nothing is
re-exported here: import the module of the noun.
"""
