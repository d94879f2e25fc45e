"""drukwerk: approved care guidance in, print-ready PDFs out.

The pipeline (see :mod:`generator.pipeline`) runs load -> validate -> resolve
-> lay out -> render -> prepress -> write; each stage is a module of its own.
"""
