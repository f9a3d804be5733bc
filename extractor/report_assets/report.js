// nhiemvu review report. All markup is built and escaped in Python; this script only inserts a
// notice's prepared body when it is opened, sorts and filters rows, scrolls to spans and shows
// tooltips (with textContent). It makes no request.
(() => {
  'use strict';

  // --- lazy notice bodies -------------------------------------------------------------------
  function renderNotice(details) {
    if (details.dataset.rendered) return;
    const data = document.getElementById('nv-data-' + details.dataset.idx);
    if (!data) return;
    details.querySelector('.nv-body').innerHTML = JSON.parse(data.textContent).html;
    details.dataset.rendered = '1';
    details.querySelectorAll('table').forEach(setUpSorting);
    setUpFilters(details);
  }

  function openNotice(details, scroll) {
    details.open = true;
    renderNotice(details);
    if (scroll) details.scrollIntoView({ block: 'start' });
  }

  document.addEventListener('toggle', (event) => {
    const target = event.target;
    if (target instanceof HTMLDetailsElement && target.open && target.matches('details.notice')) {
      renderNotice(target);
    }
  }, true);

  function openFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id ? document.getElementById(id) : null;
    if (el && el.matches('details.notice')) openNotice(el, true);
  }
  window.addEventListener('hashchange', openFromHash);

  // --- sorting (both the index and the task tables) ------------------------------------------
  const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

  function setUpSorting(table) {
    if (table.dataset.sortable) return;
    table.dataset.sortable = '1';
    table.querySelectorAll('thead th').forEach((th, column) => {
      const button = th.querySelector('button');
      if (button) button.addEventListener('click', () => sortBy(table, th, column));
    });
  }

  function sortBy(table, th, column) {
    const ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th').forEach((h) => h.setAttribute('aria-sort', 'none'));
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const numeric = th.dataset.type === 'num';
    const key = (row) => {
      const cell = row.cells[column];
      return cell ? (cell.dataset.sort ?? cell.textContent) : '';
    };
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const ka = key(a), kb = key(b);
      if (!numeric && (ka === '') !== (kb === '')) return ka === '' ? 1 : -1; // empty cells last
      const order = numeric ? Number(ka) - Number(kb) : collator.compare(ka, kb);
      return ascending ? order : -order;
    });
    body.append(...rows);
  }

  // --- filters by agency and deadline month ---------------------------------------------------
  function setUpFilters(scope) {
    const agency = scope.querySelector('.f-agency');
    const month = scope.querySelector('.f-month');
    if (!agency || !month) return;
    const apply = () => {
      const rows = Array.from(scope.querySelectorAll('table.tasks tbody tr'));
      let shown = 0;
      for (const row of rows) {
        const agencies = JSON.parse(row.dataset.agencies || '[]');
        const months = (row.dataset.months || '').split(' ');
        const ok = (!agency.value || agencies.includes(agency.value)) && (!month.value || months.includes(month.value));
        row.hidden = !ok;
        if (ok) shown += 1;
      }
      const counter = scope.querySelector('.shown');  // the words come from the page (labels.yaml)
      counter.textContent = counter.dataset.template.replace('{shown}', shown).replace('{total}', rows.length);
    };
    agency.addEventListener('change', apply);
    month.addEventListener('change', apply);
  }

  // --- a task row shows its span --------------------------------------------------------------
  function showTask(row) {
    const details = row.closest('details.notice');
    const span = details && details.querySelector('.nv-text .hl-task[data-task="' + row.dataset.task + '"]');
    if (!span) return;
    span.scrollIntoView({ block: 'center', inline: 'nearest' });
    span.classList.remove('flash');
    void span.offsetWidth; // restart the animation on a second click
    span.classList.add('flash');
  }

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element && event.target.closest('a[href^="#n-"]');
    const linked = link && document.getElementById(link.getAttribute('href').slice(1));
    if (linked && linked.matches('details.notice')) openNotice(linked, false);
    const row = event.target instanceof Element && event.target.closest('table.tasks tr.linked');
    if (row) showTask(row);
  });
  document.addEventListener('keydown', (event) => {
    const row = event.target instanceof Element && event.target.closest('table.tasks tr.linked');
    if (row && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      showTask(row);
    }
  });
  document.addEventListener('animationend', (event) => {
    if (event.target instanceof Element) event.target.classList.remove('flash');
  });

  // --- tooltips: the typed values of every highlight under the pointer --------------------------
  const tip = document.getElementById('nv-tip');
  function tooltipLines(target) {
    const lines = [];
    for (let el = target.closest('.hl'); el && el.closest('.nv-text, .legend'); el = el.parentElement.closest('.hl')) {
      if (el.dataset.tip && !lines.includes(el.dataset.tip)) lines.unshift(el.dataset.tip);
    }
    return lines;
  }
  document.addEventListener('mouseover', (event) => {
    const lines = event.target instanceof Element ? tooltipLines(event.target) : [];
    if (!lines.length) { tip.hidden = true; return; }
    tip.textContent = lines.join('\n');
    tip.hidden = false;
  });
  document.addEventListener('mousemove', (event) => {
    if (tip.hidden) return;
    const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = event.clientY + 18 + tip.offsetHeight > window.innerHeight ? event.clientY - tip.offsetHeight - 10 : event.clientY + 18;
    tip.style.left = Math.max(4, x) + 'px';
    tip.style.top = Math.max(4, y) + 'px';
  });

  // --- legend toggles -------------------------------------------------------------------------
  document.querySelectorAll('.legend input[data-kind]').forEach((box) => {
    box.addEventListener('change', () => document.body.classList.toggle('off-' + box.dataset.kind, !box.checked));
  });

  // --- start ------------------------------------------------------------------------------------
  document.querySelectorAll('table.index').forEach(setUpSorting);
  document.querySelectorAll('details.notice[open]').forEach((d) => renderNotice(d));
  openFromHash();
})();
