"""Units: layouts are in millimetres, ReportLab and PDF work in points (1/72 inch)."""

MM = 72 / 25.4  # points per millimetre
