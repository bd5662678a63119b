"""Pure policy rules (dates, states, normalisation, hashing).

Plain functions with no ORM access, called by the models and testable alone.
"""
