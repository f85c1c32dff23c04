// The website's entry point: the layout, the routes, and the router that joins them.
// To add a page: write it in pages/, add a route here, and (for a new header link) a section in
// layout.js.

import { createLayout } from './layout.js';
import { catalogPage } from './pages/catalog.js';
import { notFoundPage } from './pages/not-found.js';
import { scenarioPage } from './pages/scenario.js';
import { Router } from './router.js';

/** @type {import('./router.js').Route[]} */
const routes = [
  { pattern: '/', page: catalogPage, section: 'scenarios' },
  { pattern: '/scenarios/:id', page: scenarioPage, section: 'scenarios' },
];

const root = document.getElementById('app');
if (root) {
  const layout = createLayout(root);
  const router = new Router({
    routes,
    fallback: { pattern: '*', page: notFoundPage },
    show: layout.show,
    setTitle: layout.setTitle,
  });
  router.start();
}
