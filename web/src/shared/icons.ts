import type { App } from 'vue'
import {
  ArrowDown, ArrowLeft, Bell, Checked, CircleCheck, Connection, DataAnalysis, Delete, DocumentCopy, Download, Edit, Expand, Fold,
  HomeFilled, Key, Lock, Menu, Monitor, Operation, Plus, Reading, Refresh, Search, Setting, SwitchButton, Tickets, Unlock,
  Upload, User, UserFilled, Warning,
} from '@element-plus/icons-vue'

/** The icons the app uses, registered by name so navigation data can name them. */
const icons = {
  ArrowDown, ArrowLeft, Bell, Checked, CircleCheck, Connection, DataAnalysis, Delete, DocumentCopy, Download, Edit, Expand, Fold,
  HomeFilled, Key, Lock, Menu, Monitor, Operation, Plus, Reading, Refresh, Search, Setting, SwitchButton, Tickets, Unlock,
  Upload, User, UserFilled, Warning,
}

export function registerIcons(app: App): void {
  for (const [name, component] of Object.entries(icons)) {
    app.component(name, component)
  }
}
