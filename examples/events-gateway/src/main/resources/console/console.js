/*
 * Web console of the events gateway. Plain script, no framework: the page is served under a strict CSP
 * (no inline script or style), so every view is a <template> of index.html filled in here, and every value from
 * the API goes into the page through textContent or attribute setters only.
 */
(() => {
  'use strict';

  const TOKEN_KEY = 'openconnectors.token';
  const REFRESH_MILLIS = 2000;
  const SLOW_ANSWER_FACTOR = 5;
  const TOAST_MILLIS = 6000;
  const OPTIONS_MILLIS = 30000;
  const PAGE_SIZE = 50;
  const MASKED = '********';
  const REDELIVERABLE = new Set(['RETRY_SCHEDULED', 'QUEUED']);
  // Filter name in the hash and the API -> its input.
  const FILTERS = {
    instance: 'filter-instance',
    status: 'filter-status',
    since: 'filter-since',
    until: 'filter-until',
  };
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const CHART = { minWidth: 300, maxWidth: 1000, height: 200, left: 36, right: 10, top: 14, bottom: 26 };
  const OUTCOMES = ['delivered', 'retried', 'queued'];

  const state = {
    viewKey: '', // the mounted view ("events/", "instance/3"): only a different one is mounted afresh
    route: null,
    serial: 0, // bumped when the view or its filters change, so answers to older requests are dropped
    inFlight: null, // the refresh running now: the timer never starts a second one beside it
    refreshDueAt: 0, // no timed refresh before this: later after slow answers
    refreshBroken: false, // a failing refresh toasts once, until one succeeds again
    toastTimer: 0,
    instance: null, // the instance shown on the instance page, for its actions
    pollButton: null, // #poll-now, kept while out of the page (webhook instances have no poll)
    moreButton: null, // #events-more, kept while out of the page (no further page)
    events: null, // pages of the events list: { first, more, next, extended }
    optionsReadAt: 0, // when the events filter's instances were last read
  };

  // Signatures of what a row, chart or select shows: unchanged data is not rebuilt, so focus and scroll stay.
  const signatures = new WeakMap();

  // ---------------------------------------------------------------- DOM helpers

  const byId = (id) => document.getElementById(id);

  const field = (name) => byId('view').querySelector(`[data-field="${name}"]`);
  const setText = (name, text) => {
    field(name).textContent = text;
  };

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function cell(content, className) {
    const td = element('td', undefined, className);
    if (content instanceof Node) td.append(content);
    else td.textContent = content === undefined || content === null || content === '' ? '-' : String(content);
    return td;
  }

  function link(href, text) {
    const anchor = element('a', text);
    anchor.setAttribute('href', href);
    return anchor;
  }

  // Puts an optional element into the page, or takes it out; an element already in place is left alone (keeps focus).
  function setPresent(node, present, parent, before = null) {
    if (present && !node.isConnected) parent.insertBefore(node, before);
    else if (!present && node.isConnected) node.remove();
  }

  // Updates the rows in place: an unchanged row keeps its element, a changed one is replaced where it stands (its
  // link keeps the keyboard focus), so a live refresh neither flickers nor loses the user's place.
  function syncRows(tbody, items, keyOf, build) {
    const keys = new Set(items.map(keyOf));
    for (const row of [...tbody.rows]) if (!keys.has(signatures.get(row)?.key)) row.remove();
    const existing = new Map([...tbody.rows].map((row) => [signatures.get(row).key, row]));
    items.forEach((item, index) => {
      const key = keyOf(item);
      const signature = JSON.stringify(item);
      let row = existing.get(key);
      if (!row || signatures.get(row).signature !== signature) {
        const fresh = build(item);
        signatures.set(fresh, { key, signature });
        const hadFocus = row?.contains(document.activeElement);
        row?.replaceWith(fresh);
        if (hadFocus) fresh.querySelector('a')?.focus();
        row = fresh;
      }
      if (tbody.rows[index] !== row) tbody.insertBefore(row, tbody.rows[index] || null);
    });
  }

  // ---------------------------------------------------------------- formatting

  function formatDate(iso) {
    if (!iso) return '-';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  }

  const pad = (number) => String(number).padStart(2, '0');
  const hoursMinutes = (date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

  // A datetime-local value (local time, no zone) as the ISO instant the API expects.
  function toIso(localValue) {
    const date = new Date(localValue);
    return localValue && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
  }

  // An ISO instant from the hash back into a datetime-local value.
  function toLocalInput(iso) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) return '';
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    return `${day}T${hoursMinutes(date)}`;
  }

  const kindOf = (instance) => instance.events?.vendorType || '-';
  const nameOf = (instance) => instance.name || `instance ${instance.id}`;
  const instanceHash = (id) => `#/instances/${encodeURIComponent(id)}`;
  const instancePath = (id) => `/instances/${encodeURIComponent(id)}`;
  const joinField = (changes, name) => (changes || []).map((change) => change[name]).filter(Boolean).join(', ');
  // Nested configuration (event.poller.configuration) is shown as compact JSON.
  const configValue = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

  function redeliveredText(answer) {
    const count = answer?.redelivered?.length ?? 0;
    if (count === 0) return 'Nothing was waiting to be redelivered';
    return `Redelivering ${count} notification${count === 1 ? '' : 's'}`;
  }

  // ---------------------------------------------------------------- toast

  function toast(message, kind = 'ok') {
    const box = byId('toast');
    box.replaceChildren(element('p', message, kind === 'ok' ? 'toast-ok' : 'toast-error'));
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => box.replaceChildren(), TOAST_MILLIS);
  }

  // A 401 already ended the session and says so on the sign-in form: no toast for it.
  function toastFailure(error) {
    if (error.status !== 401) toast(error.message, 'error');
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  function refusalText(data, status) {
    const error = typeof data?.error === 'string' ? data.error : `The gateway answered HTTP ${status}`;
    const problems = Array.isArray(data?.problems) ? data.problems.map((p) => `${p.key}: ${p.reason}`) : [];
    return problems.length ? `${error}: ${problems.join('; ')}` : error;
  }

  async function request(method, path, body, bearer) {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${bearer}` };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new ApiError('The gateway cannot be reached', 0);
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(refusalText(data, response.status), response.status);
    return data;
  }

  // A call of the signed-in console: a 401 means the token is no longer good, so the session ends.
  async function api(method, path, body) {
    const used = token();
    try {
      return await request(method, path, body, used);
    } catch (error) {
      if (error.status === 401 && used === token()) signOut('Signed out: the token was refused');
      throw error;
    }
  }

  // Disables the button while its request runs; the view may also disallow it (see allowButton).
  async function runAction(button, action) {
    button.dataset.busy = 'true';
    updateButton(button);
    try {
      await action();
    } catch (error) {
      toastFailure(error);
    } finally {
      button.dataset.busy = 'false';
      updateButton(button);
    }
  }

  function updateButton(button) {
    button.disabled = button.dataset.busy === 'true' || button.dataset.allowed === 'false';
  }

  function allowButton(button, allowed) {
    button.dataset.allowed = String(allowed);
    updateButton(button);
  }

  // ---------------------------------------------------------------- sign-in

  function showSignIn(message) {
    state.viewKey = 'signin';
    state.route = null;
    state.serial += 1;
    state.refreshBroken = false;
    byId('nav').hidden = true;
    document.title = 'Sign in · events gateway';
    byId('view').replaceChildren(byId('tpl-signin').content.cloneNode(true));
    byId('signin-error').textContent = message;
    byId('signin').addEventListener('submit', signIn);
    byId('token').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const candidate = byId('token').value.trim();
    const button = byId('signin-button');
    const error = byId('signin-error');
    if (!candidate) {
      error.textContent = 'Enter the API token';
      return;
    }
    button.disabled = true;
    error.textContent = '';
    try {
      await request('GET', '/instances', undefined, candidate);
      sessionStorage.setItem(TOKEN_KEY, candidate);
      showRoute(true);
    } catch (failure) {
      error.textContent = failure.status === 401 ? 'The token was refused' : failure.message;
      button.disabled = false;
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(message);
  }

  // ---------------------------------------------------------------- routing

  // "#/events/abc?x=1" -> { name: 'event', id: 'abc', query }; null for an unknown route.
  function parseHash() {
    const hash = location.hash.replace(/^#\/?/, '');
    const mark = hash.indexOf('?');
    const path = mark < 0 ? hash : hash.slice(0, mark);
    const query = new URLSearchParams(mark < 0 ? '' : hash.slice(mark + 1));
    let parts;
    try {
      parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return null;
    }
    const names = { instances: ['instances', 'instance'], events: ['events', 'event'] }[parts[0]];
    if (!names || parts.length > 2) return null;
    return { name: parts[1] ? names[1] : names[0], id: parts[1], query };
  }

  // Each view (template "tpl-<name>" of index.html): its nav link, setup once per mount (listeners) and load on
  // every refresh (data).
  const VIEWS = {
    instances: { nav: 'nav-instances', setup: setupInstances, load: loadInstances },
    instance: { nav: 'nav-instances', setup: setupInstance, load: loadInstance },
    events: { nav: 'nav-events', setup: setupEvents, load: loadEvents },
    event: { nav: 'nav-events', setup: setupEvent, load: loadEvent },
  };

  function showRoute(moveFocus) {
    if (!token()) {
      if (state.viewKey !== 'signin') showSignIn('');
      return;
    }
    const route = parseHash();
    if (!route) {
      location.replace('#/instances');
      return;
    }
    const key = `${route.name}/${route.id ?? ''}`;
    const fresh = key !== state.viewKey;
    state.route = route;
    if (fresh) mountView(route, key);
    else if (route.name === 'events') showFilters(route.query);
    if (route.name === 'events') state.events = { first: [], more: [], next: null, extended: false };
    reload();
    if (fresh && moveFocus) byId('view').querySelector('h2').focus();
  }

  function mountView(route, key) {
    const view = VIEWS[route.name];
    state.viewKey = key;
    state.instance = null;
    byId('nav').hidden = false;
    for (const id of ['nav-instances', 'nav-events']) {
      if (id === view.nav) byId(id).setAttribute('aria-current', 'page');
      else byId(id).removeAttribute('aria-current');
    }
    document.title = `${route.name[0].toUpperCase()}${route.name.slice(1)} · events gateway`;
    byId('view').replaceChildren(byId(`tpl-${route.name}`).content.cloneNode(true));
    state.optionsReadAt = 0;
    view.setup(route);
  }

  // ---------------------------------------------------------------- live refresh

  // A new view or filter: load now, and drop whatever older refresh is still on its way.
  function reload() {
    state.serial += 1;
    return refresh();
  }

  function tick() {
    if (state.inFlight || document.hidden || !token() || !state.route || Date.now() < state.refreshDueAt) return;
    refresh();
  }

  async function refresh() {
    if (!state.route) return;
    const serial = state.serial;
    const current = () => serial === state.serial;
    const run = VIEWS[state.route.name].load(state.route, current).then(
      () => {
        if (current()) state.refreshBroken = false;
      },
      (error) => {
        if (current()) refreshFailed(error);
      },
    );
    state.inFlight = run;
    const started = Date.now();
    await run;
    if (state.inFlight === run) state.inFlight = null;
    // a gateway slow to answer (many thousands of instances) is asked less often: a fifth of the time at most
    state.refreshDueAt = started + SLOW_ANSWER_FACTOR * (Date.now() - started);
  }

  function refreshFailed(error) {
    if (error.status === 404) byId('view').querySelector('h2').textContent = error.message;
    if (!state.refreshBroken) toastFailure(error);
    state.refreshBroken = true;
  }

  // ---------------------------------------------------------------- #/instances

  function setupInstances() {
    byId('redeliver-all').addEventListener('click', redeliverAll);
  }

  async function loadInstances(route, current) {
    const [instances, chart] = await Promise.all([
      api('GET', '/instances'),
      api('GET', '/instances/events/minutes'),
    ]);
    if (!current()) return;
    syncRows(byId('instances-table').tBodies[0], instances, (instance) => String(instance.id), instanceRow);
    field('empty').hidden = instances.length > 0;
    renderChart(byId('chart'), chart.minutes);
  }

  function instanceRow(instance) {
    const row = element('tr');
    row.dataset.instanceId = String(instance.id);
    row.append(
      cell(link(instanceHash(instance.id), instance.name || `Instance ${instance.id}`)),
      cell(instance.element?.key),
      cell(kindOf(instance)),
      healthCell(instance.health),
      cell(formatDate(instance.lastPollDate)),
      cell(instance.backlog, 'number'),
    );
    return row;
  }

  function healthCell(health) {
    const td = cell(healthBadge(element('span'), health));
    if (health?.reason) td.append(' ', element('span', health.reason, 'reason'));
    return td;
  }

  function healthBadge(badge, health) {
    const status = health?.status || 'UNKNOWN';
    const known = ['UP', 'DOWN'].includes(status) ? status.toLowerCase() : 'unknown';
    badge.className = `health health-${known}`;
    badge.textContent = status;
    return badge;
  }

  function redeliverAll(event) {
    runAction(event.currentTarget, async () => {
      toast(redeliveredText(await api('POST', '/instances/events/redeliver')));
      reload();
    });
  }

  // ---------------------------------------------------------------- #/instances/{id}

  function setupInstance(route) {
    state.pollButton = byId('poll-now');
    state.pollButton.remove();
    field('events-link').setAttribute('href', `#/events?instance=${encodeURIComponent(route.id)}`);
    byId('toggle-events').addEventListener('click', (event) => runAction(event.currentTarget, toggleEvents));
    state.pollButton.addEventListener('click', (event) => runAction(event.currentTarget, pollNow));
    byId('redeliver-instance').addEventListener('click', (event) => runAction(event.currentTarget, redeliverInstance));
    byId('delete-instance').addEventListener('click', (event) => runAction(event.currentTarget, deleteInstance));
    byId('callback-form').addEventListener('submit', saveCallback);
    byId('callback-url').addEventListener('input', (event) => {
      event.currentTarget.dataset.edited = 'true';
    });
  }

  async function loadInstance(route, current) {
    const id = encodeURIComponent(route.id);
    const [instance, chart] = await Promise.all([
      api('GET', `/instances/${id}`),
      api('GET', `/instances/events/minutes?instance=${id}`),
    ]);
    if (!current()) return;
    renderInstance(instance);
    renderChart(byId('chart'), chart.minutes);
  }

  function renderInstance(instance) {
    const events = instance.events || {};
    state.instance = instance;
    byId('instance-name').textContent = instance.name || `Instance ${instance.id}`;
    healthBadge(field('health'), instance.health);
    setText('health-reason', instance.health?.reason || '');
    setText('element', instance.element?.key || '-');
    setText('kind', kindOf(instance));
    setText('enabled', events.enabled ? 'On' : 'Off');
    setText('webhook-path', events.webhookPath || '-');
    setText('last-poll', formatDate(instance.lastPollDate));
    setText('backlog', instance.backlog ?? '-');
    setText('updated', formatDate(instance.updatedDate));
    field('events-error').hidden = !events.error;
    setText('events-error', events.error ? `Events cannot run: ${events.error}` : '');
    byId('toggle-events').textContent = events.enabled ? 'Switch events off' : 'Switch events on';
    setPresent(state.pollButton, events.vendorType === 'polling', field('actions'), byId('redeliver-instance'));
    fillCallbackUrl(instance.configuration?.['event.notification.callback.url']);
    const entries = Object.entries(instance.configuration || {});
    syncRows(byId('instance-config').tBodies[0], entries, ([key]) => key, configRow);
  }

  // Shows the saved callback URL unless the user has typed into the field. A URL with a hidden part (a token in its
  // query shows as ********) is not offered for editing: saved back, the mask would replace the secret.
  function fillCallbackUrl(url) {
    const input = byId('callback-url');
    const hidden = typeof url === 'string' && url.includes(MASKED);
    const value = typeof url === 'string' && !hidden ? url : '';
    input.placeholder = hidden ? 'The current URL holds a secret and is not shown: enter the whole new URL' : '';
    if (input.dataset.edited !== 'true' && input.value !== value) input.value = value;
  }

  function configRow([key, value]) {
    const row = element('tr');
    row.append(cell(key, 'config-key'), cell(element('code', configValue(value))));
    return row;
  }

  // The instance the actions act on: the one loaded for this page.
  function shownInstance() {
    if (!state.instance) throw new ApiError('The instance is still loading', 0);
    return state.instance;
  }

  async function toggleEvents() {
    const instance = shownInstance();
    const enabled = !instance.events?.enabled;
    await api('PATCH', instancePath(instance.id), { configuration: { 'event.notification.enabled': enabled } });
    toast(`Events switched ${enabled ? 'on' : 'off'} for ${nameOf(instance)}`);
    reload();
  }

  function saveCallback(event) {
    event.preventDefault();
    const input = byId('callback-url');
    runAction(byId('callback-save'), async () => {
      const instance = shownInstance();
      const url = input.value.trim();
      await api('PATCH', instancePath(instance.id), { configuration: { 'event.notification.callback.url': url } });
      input.dataset.edited = 'false';
      toast(`Callback URL of ${nameOf(instance)} saved`);
      reload();
    });
  }

  async function pollNow() {
    const instance = shownInstance();
    await api('POST', `${instancePath(instance.id)}/events/poll`);
    toast(`Polling ${nameOf(instance)} now`);
    reload();
  }

  async function redeliverInstance() {
    const instance = shownInstance();
    toast(redeliveredText(await api('POST', `${instancePath(instance.id)}/events/redeliver`)));
    reload();
  }

  async function deleteInstance() {
    const instance = shownInstance();
    const question = `Delete the instance "${nameOf(instance)}" (id ${instance.id})? This cannot be undone.`;
    if (!(await confirmDialog(question))) return;
    await api('DELETE', instancePath(instance.id));
    toast(`Deleted ${nameOf(instance)}`);
    location.hash = '#/instances';
  }

  // Native modal dialog: it traps focus and Escape cancels it; resolves true only for "Delete".
  function confirmDialog(question) {
    const dialog = byId('confirm-dialog');
    byId('confirm-question').textContent = question;
    dialog.returnValue = '';
    dialog.showModal();
    byId('confirm-no').focus();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    });
  }

  // ---------------------------------------------------------------- #/events

  function setupEvents(route) {
    byId('redeliver-all').addEventListener('click', redeliverAll);
    byId('events-filter').addEventListener('submit', (event) => event.preventDefault());
    for (const id of Object.values(FILTERS)) byId(id).addEventListener('change', applyFilters);
    state.moreButton = byId('events-more');
    state.moreButton.remove();
    state.moreButton.addEventListener('click', (event) => runAction(event.currentTarget, loadMoreEvents));
    showFilters(route.query);
  }

  // The hash holds the filters (so they survive a reload and can be linked); the inputs only mirror it.
  function showFilters(query) {
    selectValue(byId(FILTERS.instance), query.get('instance') || '');
    selectValue(byId(FILTERS.status), query.get('status') || '');
    for (const name of ['since', 'until']) {
      const input = byId(FILTERS[name]);
      const value = toLocalInput(query.get(name));
      if (input.value !== value) input.value = value;
    }
  }

  // Selects the value, adding it as an option first when the list does not have it (yet).
  function selectValue(select, value) {
    if (![...select.options].some((option) => option.value === value)) select.append(new Option(value, value));
    if (select.value !== value) select.value = value;
  }

  function applyFilters() {
    const query = new URLSearchParams();
    const values = {
      instance: byId(FILTERS.instance).value,
      status: byId(FILTERS.status).value,
      since: toIso(byId(FILTERS.since).value),
      until: toIso(byId(FILTERS.until).value),
    };
    for (const [name, value] of Object.entries(values)) if (value) query.set(name, value);
    const search = query.toString();
    location.hash = search ? `#/events?${search}` : '#/events';
  }

  function eventsPath(query, before) {
    const params = new URLSearchParams();
    for (const name of Object.keys(FILTERS)) if (query.get(name)) params.set(name, query.get(name));
    if (before) params.set('before', before);
    params.set('limit', String(PAGE_SIZE));
    return `/instances/events/log?${params}`;
  }

  // The filter's instances change rarely, and the list costs a health check per instance: read it when the view
  // opens and then at most every OPTIONS_MILLIS, not at every refresh.
  async function loadEvents(route, current) {
    const optionsDue = Date.now() - state.optionsReadAt > OPTIONS_MILLIS;
    const [instances, page] = await Promise.all([
      optionsDue ? api('GET', '/instances') : null,
      api('GET', eventsPath(route.query)),
    ]);
    if (!current()) return;
    if (instances) {
      renderInstanceOptions(instances);
      state.optionsReadAt = Date.now();
    }
    state.events.first = page.events || [];
    if (!state.events.extended) state.events.next = page.next || null;
    renderEvents();
  }

  async function loadMoreEvents() {
    const serial = state.serial;
    const page = await api('GET', eventsPath(state.route.query, state.events.next));
    if (serial !== state.serial) return;
    state.events.more.push(...(page.events || []));
    state.events.next = page.next || null;
    state.events.extended = true;
    renderEvents();
  }

  // Rebuilt only when the instances change, and never while the user has the select open.
  function renderInstanceOptions(instances) {
    const select = byId(FILTERS.instance);
    const signature = JSON.stringify(instances.map((instance) => [instance.id, instance.name]));
    if (signatures.get(select) === signature || document.activeElement === select) return;
    const chosen = select.value;
    const options = instances.map((instance) => new Option(`${instance.id} ${instance.name}`, String(instance.id)));
    select.replaceChildren(new Option('All', ''), ...options);
    selectValue(select, chosen);
    signatures.set(select, signature);
  }

  function renderEvents() {
    const { first, more, next } = state.events;
    const shown = new Set(first.map((event) => event.eventId));
    const rows = first.concat(more.filter((event) => !shown.has(event.eventId)));
    syncRows(byId('events-table').tBodies[0], rows, (event) => event.eventId, eventRow);
    field('empty').hidden = rows.length > 0;
    setPresent(state.moreButton, Boolean(next), field('more'));
  }

  function eventRow(event) {
    const row = element('tr');
    row.dataset.eventId = event.eventId;
    row.append(
      cell(formatDate(event.createdDate)),
      cell(link(`#/events/${encodeURIComponent(event.eventId)}`, event.eventId)),
      cell(event.instanceId),
      cell(joinField(event.events, 'eventType')),
      cell(joinField(event.events, 'objectId')),
      statusCell(event.status),
      cell((event.attempts || []).length, 'number'),
    );
    return row;
  }

  function statusCell(status) {
    const td = cell(status, 'status');
    td.dataset.status = status || '';
    return td;
  }

  // ---------------------------------------------------------------- #/events/{eventId}

  function setupEvent(route) {
    setText('event-id', route.id);
    const button = byId('redeliver-event');
    allowButton(button, false);
    button.addEventListener('click', () => runAction(button, () => redeliverEvent(route.id)));
  }

  async function loadEvent(route, current) {
    const event = await api('GET', `/instances/events/${encodeURIComponent(route.id)}`);
    if (current()) renderEvent(event);
  }

  function renderEvent(event) {
    const status = byId('event-status');
    status.textContent = event.status;
    status.dataset.status = event.status;
    const instance = field('instance');
    instance.textContent = `Instance ${event.instanceId}`;
    instance.setAttribute('href', instanceHash(event.instanceId));
    setText('created', formatDate(event.createdDate));
    setText('next-attempt', formatDate(event.nextAttemptDate));
    setText('last-error', event.lastError || '-');
    setText('changes', describeChanges(event.events));
    const attempts = event.attempts || [];
    syncRows(byId('attempts-table').tBodies[0], attempts, (attempt) => String(attempt.number), attemptRow);
    field('empty').hidden = attempts.length > 0;
    const body = event.notification === undefined ? '-' : JSON.stringify(event.notification, null, 2);
    if (byId('event-body').textContent !== body) byId('event-body').textContent = body;
    allowButton(byId('redeliver-event'), REDELIVERABLE.has(event.status));
  }

  function describeChanges(changes) {
    const lines = (changes || []).map((c) => `${c.eventType} ${c.objectType || ''} ${c.objectId || ''}`.trim());
    return lines.join(', ') || '-';
  }

  function attemptRow(attempt) {
    const row = element('tr', undefined, 'attempt');
    row.append(
      cell(formatDate(attempt.date)),
      cell(attempt.httpStatus ? attempt.httpStatus : '-'),
      cell(attempt.error),
      cell(attempt.durationMillis, 'number'),
    );
    return row;
  }

  async function redeliverEvent(eventId) {
    toast(redeliveredText(await api('POST', `/instances/events/${encodeURIComponent(eventId)}/redeliver`)));
    reload();
  }

  // ---------------------------------------------------------------- chart

  // The viewBox is as wide as the chart's box (within limits), so its text keeps a readable size on a phone; the
  // width is part of the signature, so a resized window gets a redrawn chart on the next refresh.
  function renderChart(container, minutes = []) {
    const width = Math.min(CHART.maxWidth, Math.max(CHART.minWidth, Math.round(container.clientWidth / 10) * 10));
    const signature = `${width} ${JSON.stringify(minutes)}`;
    if (signatures.get(container) === signature) return;
    signatures.set(container, signature);
    container.replaceChildren(chartSvg(minutes, chartGeometry(width)), chartLegend());
  }

  function chartGeometry(width) {
    const { height, left, right, top, bottom } = CHART;
    const plotWidth = width - left - right;
    return { width, height, left, top, plotWidth, plotHeight: height - top - bottom, baseline: height - bottom };
  }

  function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const count = (minute, outcome) => Number(minute[outcome]) || 0;

  function chartSvg(minutes, g) {
    const sum = (values) => values.reduce((total, value) => total + value, 0);
    const sums = Object.fromEntries(OUTCOMES.map((o) => [o, sum(minutes.map((minute) => count(minute, o)))]));
    const max = Math.max(1, ...minutes.map((minute) => sum(OUTCOMES.map((o) => count(minute, o)))));
    const chart = svg('svg', {
      viewBox: `0 0 ${g.width} ${g.height}`,
      class: 'chart-svg',
      role: 'img',
      'aria-label': `Last hour: ${sums.delivered} delivered, ${sums.retried} retried, ${sums.queued} queued`,
    });
    const slot = g.plotWidth / Math.max(1, minutes.length);
    chart.append(...chartAxes(max, g));
    minutes.forEach((minute, index) => chart.append(minuteBar(minute, g.left + index * slot, slot, max, g)));
    minutes.forEach((minute, index) => chart.append(...minuteLabel(minute, g.left + (index + 0.5) * slot, g)));
    return chart;
  }

  function chartAxes(max, g) {
    const right = g.left + g.plotWidth;
    const label = { x: g.left - 6, 'text-anchor': 'end', class: 'chart-label' };
    return [
      svg('line', { x1: g.left, y1: g.top, x2: right, y2: g.top, class: 'chart-grid' }),
      svg('line', { x1: g.left, y1: g.top, x2: g.left, y2: g.baseline, class: 'chart-axis' }),
      svg('line', { x1: g.left, y1: g.baseline, x2: right, y2: g.baseline, class: 'chart-axis' }),
      svg('text', { ...label, y: g.top + 4 }, String(max)),
      svg('text', { ...label, y: g.baseline + 4 }, '0'),
    ];
  }

  // One stacked bar: delivered at the bottom, then retried, then queued; its <title> is the hover text.
  function minuteBar(minute, slotX, slot, max, g) {
    const width = Math.max(1, slot * 0.72);
    const x = (slotX + (slot - width) / 2).toFixed(2);
    const counts = OUTCOMES.map((outcome) => `${count(minute, outcome)} ${outcome}`).join(', ');
    const group = svg('g');
    group.append(svg('title', {}, `${hoursMinutes(new Date(minute.minute))}: ${counts}`));
    let top = g.baseline;
    for (const outcome of OUTCOMES) {
      const height = (count(minute, outcome) / max) * g.plotHeight;
      if (height <= 0) continue;
      top -= height;
      const box = { x, y: top.toFixed(2), width: width.toFixed(2), height: height.toFixed(2) };
      group.append(svg('rect', { ...box, class: `bar-${outcome}` }));
    }
    return group;
  }

  // A tick and a local HH:MM label at each quarter hour.
  function minuteLabel(minute, x, g) {
    const when = new Date(minute.minute);
    if (Number.isNaN(when.getTime()) || when.getMinutes() % 15 !== 0) return [];
    const at = x.toFixed(2);
    return [
      svg('line', { x1: at, y1: g.baseline, x2: at, y2: g.baseline + 4, class: 'chart-axis' }),
      svg('text', { x: at, y: g.height - 6, 'text-anchor': 'middle', class: 'chart-label' }, hoursMinutes(when)),
    ];
  }

  function chartLegend() {
    const legend = element('ul', undefined, 'legend');
    for (const outcome of OUTCOMES) {
      const item = element('li');
      item.append(element('span', undefined, `swatch swatch-${outcome}`), outcome[0].toUpperCase() + outcome.slice(1));
      legend.append(item);
    }
    return legend;
  }

  // ---------------------------------------------------------------- start

  // The skip link must not change the hash (it is the router's), so it moves focus itself.
  function skipToMain(event) {
    event.preventDefault();
    byId('view').focus();
  }

  function start() {
    byId('signout').addEventListener('click', () => signOut(''));
    byId('skip-link').addEventListener('click', skipToMain);
    byId('confirm-yes').addEventListener('click', () => byId('confirm-dialog').close('yes'));
    byId('confirm-no').addEventListener('click', () => byId('confirm-dialog').close('no'));
    window.addEventListener('hashchange', () => showRoute(true));
    document.addEventListener('visibilitychange', tick);
    setInterval(tick, REFRESH_MILLIS);
    showRoute(false);
  }

  start();
})();
