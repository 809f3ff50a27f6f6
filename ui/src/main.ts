import { mount } from 'svelte';

import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Élément #app introuvable');

// L'écran de chargement d'index.html laisse la place à l'interface.
target.replaceChildren();

export default mount(App, { target });
