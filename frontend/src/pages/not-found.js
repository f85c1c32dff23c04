// Any address the router does not know.

import { notFound } from '../views/status.js';

/** @param {import('../router.js').PageContext} context */
export function notFoundPage({ setTitle }) {
  setTitle('Page not found');
  return {
    element: notFound({
      title: 'Page not found',
      message: 'There is nothing at this address. The link may be old or mistyped.',
    }),
  };
}
