/** The public pages (`/basvuru`, `/basvuru/durum`): a small entry of their own, no session, no staff code. */
import { mount } from 'svelte'
import PublicApp from './PublicApp.svelte'
import '../styles/app.css'

const target = document.getElementById('app')
if (target === null) throw new Error('basvuru/index.html has no #app element')

mount(PublicApp, { target })
