import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n, currentLanguage, setLanguage } from './i18n'
import { router, loginRoute } from './router'
import { configureHttp } from './api/http'
import { registerIcons } from './shared/icons'
import { useSessionStore } from './modules/identity/store'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
registerIcons(app)

const session = useSessionStore(pinia)
const t = i18n.global.t

configureHttp({
  language: () => currentLanguage.value,
  csrfFallback: () => session.csrfToken,
  fallbackMessage: (status) => (status === 0 ? t('errors.network') : t('errors.http', { status })),
  onUnauthenticated: () => {
    // While the first /auth/me is under way the router guard decides where to go.
    if (!session.checked) {
      return
    }
    const wasSignedIn = session.signedIn
    session.clear()
    const current = router.currentRoute.value
    if (!current.meta.public) {
      if (wasSignedIn) {
        ElMessage.warning(t('errors.sessionExpired'))
      }
      void router.replace(loginRoute(current))
    }
  },
  onRestricted: async () => {
    await session.load()
    const step = session.pendingStep
    if (step) {
      void router.replace({ name: step })
    }
  },
})

app.use(router)
setLanguage(currentLanguage.value)
void router.isReady().then(() => app.mount('#app'))
