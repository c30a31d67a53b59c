"""Assets of the HTML report: the stylesheet and the inline SVG charts."""
