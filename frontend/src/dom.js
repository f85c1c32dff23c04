// Building DOM nodes from data without ever parsing data as HTML.
//
//   h('a', { href: '#/', class: 'brand' }, 'breakfix')
//
// Attributes are set with setAttribute (so `class`, `for`, `aria-*` and `data-*` work as written);
// `on*` keys that hold functions become event listeners; `false`, `null` and `undefined` values
// leave the attribute out. Children may be nodes, strings (text nodes), arrays, or
// false/null/undefined (skipped). The only HTML this site inserts is sanitised Markdown
// (see markdown.js).

/**
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * @param {Node} parent
 * @param {unknown[]} children
 */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === false || child === null || child === undefined) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces everything inside `parent` with `children`.
 * @param {Element} parent
 * @param {...unknown} children
 */
export function replaceChildren(parent, ...children) {
  parent.textContent = '';
  append(parent, children);
}

/** Text for screen readers only (see `.visually-hidden` in the styles). */
export function srOnly(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

const SVG = 'http://www.w3.org/2000/svg';

/** Small decorative icons, drawn as SVG paths on a 24×24 grid. */
const ICONS = {
  clock: ['M12 7v5l3 2', 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z'],
  hint: ['M9 18h6', 'M10 21h4', 'M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z'],
  arrowLeft: ['M19 12H5', 'M11 6l-6 6l6 6'],
  user: ['M12 12a4 4 0 1 0 0-8a4 4 0 1 0 0 8z', 'M4 21a8 8 0 0 1 16 0'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  lock: ['M7 11V8a5 5 0 0 1 10 0v3', 'M5 11h14v10H5z'],
};

/**
 * @param {keyof typeof ICONS} name
 * @returns {SVGSVGElement}
 */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}
