"""Audit log of security-relevant events, read by the DPO.

Called by services; imports nothing above organisations.
"""
