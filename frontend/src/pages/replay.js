// A replay on its own page (`#/replays/<id>`): the owner's recording, or the public replay when the
// scenario allows it, so the link can be shared.

import { ApiError, getScenario, getSession } from '../api.js';
import { h, icon } from '../dom.js';
import { href } from '../router.js';
import { dateTimeText, durationText } from '../time.js';
import { replayBox } from '../views/replay.js';

/** @param {import('../router.js').PageContext} context */
export function replayPage({ params, setTitle }) {
  const id = params.id;
  const controller = new AbortController();
  const heading = h('h1', {}, 'Replay');
  const about = h('p', { class: 'lead' });
  const replay = replayBox({
    sessionId: id,
    onLoaded(header, access) {
      // A public replay of someone else's session: its title comes from the recording itself.
      if (access === 'public' && header?.title && heading.textContent === 'Replay') {
        heading.textContent = `Replay: ${header.title}`;
        setTitle(heading.textContent);
      }
    },
  });

  const element = h(
    'div',
    { class: 'page page-replay' },
    h('p', { class: 'back' }, h('a', { href: '#/dashboard' }, icon('arrowLeft'), 'Your sessions')),
    h('header', { class: 'page-header' }, heading, about),
    replay.element,
  );

  setTitle('Replay');
  // The visitor's own session: name its scenario and say how it went.
  getSession(id, { signal: controller.signal })
    .then(async (session) => {
      let title = session.scenarioId;
      try {
        title = (await getScenario(session.scenarioId, { signal: controller.signal })).title ?? title;
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      if (controller.signal.aborted) return;
      heading.textContent = `Replay: ${title}`;
      setTitle(heading.textContent);
      const result = session.solved
        ? `Solved${session.timeToSolveSeconds !== null ? ` in ${durationText(session.timeToSolveSeconds)}` : ''}`
        : 'Not solved';
      about.replaceChildren(
        `${result} · ${dateTimeText(session.readyAt ?? session.createdAt)} · `,
        h('a', { href: href(`/sessions/${encodeURIComponent(id)}`) }, 'Session summary'),
      );
    })
    .catch((error) => {
      if (controller.signal.aborted || !(error instanceof ApiError)) return;
      // Not this browser's session: a public replay (or none), which the player box explains.
    });

  return {
    element,
    dispose() {
      controller.abort();
      replay.dispose();
    },
  };
}
