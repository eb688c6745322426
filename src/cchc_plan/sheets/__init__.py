"""Spreadsheets, the units' way in and the aggregator's way out: workbooks written with openpyxl
(`intake`, the helpers of the xlsx report) and any spreadsheet read safely (`reading`) into
the records it holds (`rows`)."""
