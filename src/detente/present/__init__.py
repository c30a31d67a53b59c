"""Present: terminal tables, the HTML report and its charts. Rendering only."""
