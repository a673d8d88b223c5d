import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

// Anything the content security policy blocks is a defect (a library injecting a style, say):
// counted on the page, where the end-to-end tests read it, and logged.
let blocked = 0;
document.addEventListener('securitypolicyviolation', (event) => {
  blocked += 1;
  document.documentElement.dataset.cspViolations = String(blocked);
  console.error(`Content security policy blocked ${event.blockedURI || 'inline code'} (${event.violatedDirective})`);
});

export default mount(App, { target });
