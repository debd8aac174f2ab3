import { render } from 'preact';
import { App } from './app';
import { interceptLinks } from './lib/router';
import { applyTheme } from './lib/theme';
import './styles.css';

applyTheme();
interceptLinks();
const root = document.getElementById('app')!;
// A server-rendered page (/@user, /@user/:id) is replaced by the app once JavaScript runs.
if (root.dataset.ssr) {
  root.textContent = '';
  delete root.dataset.ssr;
}
render(<App />, root);

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  });
}
