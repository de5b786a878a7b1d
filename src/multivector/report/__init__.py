"""The country report: charts built from already computed tables, and the offline HTML page."""
