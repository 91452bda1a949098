import { render } from 'solid-js/web';
import { App } from './App.tsx';
import { startServiceWorker } from './app/app-updates.ts';
import { applyLanguage } from './i18n/i18n.ts';
import { initialLanguage, startTheme } from './preferences/preferences.ts';
import './styles.css';

startTheme();
startServiceWorker();
// The language's catalogue is loaded before the first render, so nobody sees English flash by.
await applyLanguage(initialLanguage());
const root = document.getElementById('root');
if (root) render(() => <App />, root);
