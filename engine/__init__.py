"""Embedded Zeebe-compatible engine: BPMN model, FEEL, DMN, SQL state, gRPC gateway.

This package never imports ``services`` or ``workers``.
"""
