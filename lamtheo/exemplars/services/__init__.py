"""Writes of the exemplars app, one module per area: exemplars, adoptions, evidence (shared by
both), campaigns, standards. Each function checks who may act, runs in one transaction and
raises ValidationError with a message for the user."""
