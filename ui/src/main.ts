import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { watchEmptyDates } from './lib/emptydate';

const target = document.getElementById('app');
if (!target) throw new Error('Tryggplan: #app saknas i index.html');

watchEmptyDates();
const app = mount(App, { target });

export default app;
