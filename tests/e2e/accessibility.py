"""Accessibility checks run inside the page: labels, text alternatives, contrast, zoom.

Each returns a list of problems (empty when the page passes), described so that a failing
test says what to fix.
"""

UNLABELLED_FIELDS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !el.closest('label'))
  .map(el => el.outerHTML.slice(0, 120))"""

MISSING_TEXT_ALTERNATIVES = """() => [
  ...[...document.querySelectorAll('img')].filter(el => !el.hasAttribute('alt')),
  ...[...document.querySelectorAll('svg')]
    .filter(el => el.getAttribute('aria-hidden') !== 'true')
    .filter(el => !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
                  && !el.querySelector(':scope > title')),
].map(el => el.outerHTML.slice(0, 120))"""

# WCAG 2 contrast of each piece of visible text against the background behind it.
LOW_CONTRAST = """() => {
  const rgba = value => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color.length === 3 || (color.length === 4 && color[3] > 0.5)) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const [l1, l2] = [luminance(rgba(style.color)), luminance(background(el))]
      .sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const text = el.textContent.trim().slice(0, 40);
    if (ratio < needed) problems.push(`${ratio.toFixed(2)} < ${needed}: "${text}"`);
  }
  return problems;
}"""

# Data tables may scroll sideways in their own box (WCAG's reflow exception); nothing else may.
HORIZONTAL_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const insideScroller = el => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .filter(el => !insideScroller(el))
    .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`)
    .slice(0, 10);
}"""


def problems(page) -> dict[str, list[str]]:
    """Everything the checks find on the page as it is shown now."""
    found = {
        "unlabelled fields": page.evaluate(UNLABELLED_FIELDS),
        "images and charts without a text alternative": page.evaluate(MISSING_TEXT_ALTERNATIVES),
        "text with too little contrast": page.evaluate(LOW_CONTRAST),
    }
    return {kind: items for kind, items in found.items() if items}


def overflow_at_200_percent(page) -> list[str]:
    """What sticks out sideways when the text is zoomed to 200 % (a 195 px wide phone)."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"] // 2, "height": size["height"] // 2})
    try:
        page.reload()
        return page.evaluate(HORIZONTAL_OVERFLOW)
    finally:
        page.set_viewport_size(size)
