"""reports: the weekly mutation-score report (HTML, Stryker JSON, summary) and its history."""
