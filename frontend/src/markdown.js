// Scenario text (descriptions, later hints) is Markdown written by scenario authors, and the API
// may one day serve text from people we do not trust. It is parsed with marked and then cleaned
// by DOMPurify before it touches the page: no <script>, <iframe>, <object>, forms or styles, no
// event-handler attributes, and only http(s), mailto and relative URLs survive.
// The result is a DocumentFragment, never an HTML string, so nothing is parsed twice.

import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** http:, https:, mailto:, or no scheme at all (relative paths, #anchors). */
const SAFE_URL = /^(?:(?:https?|mailto):|[^a-z]|[a-z0-9+.-]+(?:[^a-z0-9+.\-:]|$))/i;

const PURIFY_OPTIONS = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
    'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'template',
  ],
  FORBID_ATTR: ['style', 'target', 'formaction', 'srcset'],
  ALLOWED_URI_REGEXP: SAFE_URL,
  ALLOW_DATA_ATTR: false,
  SANITIZE_NAMED_PROPS: true, // ids and names get a prefix, so text cannot clobber window globals
  RETURN_DOM_FRAGMENT: true,
};

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    const url = node.getAttribute('href') ?? '';
    if (/^https?:/i.test(url)) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  }
  if (node.tagName === 'IMG') {
    node.setAttribute('loading', 'lazy');
  }
});

/** @param {string} text */
const normalise = (text) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Moves headings down so the highest one in the text is an <h2>: the page's own <h1> (the
 * scenario title) stays the only one, and levels below keep their order.
 * @param {DocumentFragment} fragment
 */
function nestHeadings(fragment) {
  const headings = [...fragment.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const top = Math.min(...headings.map((heading) => Number(heading.tagName[1])));
  const by = 2 - top;
  if (headings.length === 0 || by <= 0) return;
  for (const heading of headings) {
    const replacement = document.createElement(`h${Math.min(6, Number(heading.tagName[1]) + by)}`);
    for (const attribute of heading.attributes) replacement.setAttribute(attribute.name, attribute.value);
    replacement.append(...heading.childNodes);
    heading.replaceWith(replacement);
  }
}

/**
 * Renders Markdown to a safe DocumentFragment.
 * @param {string} source
 * @param {object} [options]
 * @param {string} [options.title]  drop a leading `# Heading` that repeats this page title
 * @returns {DocumentFragment}
 */
export function renderMarkdown(source, { title } = {}) {
  const html = marked.parse(String(source ?? ''), { async: false });
  const fragment = /** @type {DocumentFragment} */ (/** @type {unknown} */ (DOMPurify.sanitize(html, PURIFY_OPTIONS)));
  const first = fragment.firstElementChild;
  if (title && first?.tagName === 'H1' && normalise(first.textContent ?? '') === normalise(title)) {
    first.remove();
  }
  nestHeadings(fragment);
  return fragment;
}
