// The section buttons: one section shown at a time, loaded afresh each time it is shown.
import { $$ } from './view.js';

// Filled once by the entry (app.js), so this module needs none of the sections' (and they can import `show`).
const views = {};

/** Set the loader of each section, by the name its nav button's `data-view` carries. */
export function setViews(loaders) {
  Object.assign(views, loaders);
}

/** Mark `name`'s button as current, show its section alone and load it. */
export async function show(name) {
  for (const b of $$('nav button'))
    b.toggleAttribute('aria-current', b.dataset.view === name) || b.removeAttribute('aria-current');
  for (const b of $$('nav button')) if (b.dataset.view === name) b.setAttribute('aria-current', 'page');
  for (const v of $$('.view')) v.hidden = v.id !== `view-${name}`;
  await views[name]();
}
