/* nhiemvu serve: the inbox's drag-and-drop with per-file progress, and "add a missed task" by
   selecting text. No word of the interface here: the page gives them in data-* attributes
   (from labels.yaml). Without this script the forms still work (plain POSTs). */
(function () {
  'use strict';
  const form = document.getElementById('upload-form');
  if (form) {
    const input = form.querySelector('input[type=file]');
    const zone = document.getElementById('drop-zone');
    const results = document.getElementById('upload-results');
    const body = results.querySelector('tbody');
    const words = form.dataset;
    const row = (name) => {
      const tr = document.createElement('tr');
      const file = document.createElement('td');
      const status = document.createElement('td');
      file.textContent = name;
      status.textContent = words.waiting;
      status.setAttribute('role', 'status');
      tr.append(file, status);
      body.append(tr);
      return { tr, file, status };
    };
    const show = (cells, item) => {
      cells.file.textContent = item.name;
      cells.tr.className = item.ok ? 'upload-ok' : 'upload-error';
      if (item.ok) {
        cells.status.textContent = item.status + ' · ';
        const a = document.createElement('a');
        a.href = item.url;
        a.textContent = words.open;
        cells.status.append(a);
      } else {
        cells.status.textContent = words.failed + ': ' + item.message;
      }
    };
    const send = (file) => new Promise((resolve) => {
      const cells = row(file.name);
      const data = new FormData();
      data.append('csrf', form.elements.csrf.value);
      data.append('file', file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) {
          const percent = Math.round((100 * e.loaded) / e.total);
          cells.status.textContent = percent < 100 ? words.uploading.replace('{percent}', percent) : words.reading;
        }
      };
      xhr.onload = () => {
        let answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
        const items = (answer && answer.results) || [{ name: file.name, ok: false, message: (answer && answer.message) || xhr.statusText }];
        show(cells, items[0]);
        items.slice(1).forEach((item) => show(row(item.name), item));
        resolve();
      };
      xhr.onerror = () => { show(cells, { name: file.name, ok: false, message: xhr.statusText || '—' }); resolve(); };
      xhr.send(data);
    });
    const sendAll = async (files) => {
      results.hidden = false;
      for (const file of files) { await send(file); }
      const listing = document.getElementById('notices-listing');
      try {
        const answer = await fetch('/', { headers: { Accept: 'text/html' } });
        const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById('notices-listing');
        if (listing && fresh) { listing.replaceChildren(...Array.from(fresh.childNodes)); }
      } catch (err) { /* the list stays as it was; a reload shows it */ }
      results.dataset.state = 'done';
    };
    form.addEventListener('submit', (e) => {
      if (!input.files.length) { return; }
      e.preventDefault();
      const files = Array.from(input.files);
      input.value = '';
      results.dataset.state = 'busy';
      sendAll(files);
    });
    ['dragenter', 'dragover'].forEach((type) => zone.addEventListener(type, (e) => {
      e.preventDefault(); zone.classList.add('over');
    }));
    ['dragleave', 'drop'].forEach((type) => zone.addEventListener(type, () => zone.classList.remove('over')));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        results.dataset.state = 'busy';
        sendAll(Array.from(e.dataTransfer.files));
      }
    });
  }

  const text = document.getElementById('notice-text');
  const added = document.getElementById('add-text');
  if (text && added) {
    const hint = document.getElementById('add-hint');
    const take = () => {
      const sel = window.getSelection();
      if (!sel || sel.isCollapsed || !text.contains(sel.anchorNode) || !text.contains(sel.focusNode)) { return; }
      const range = sel.getRangeAt(0);
      const before = document.createRange();
      before.setStart(text, 0);
      before.setEnd(range.startContainer, range.startOffset);
      added.value = sel.toString().trim();
      hint.value = String(before.toString().length);
    };
    text.addEventListener('mouseup', take);
    text.addEventListener('keyup', take);
  }
}());
