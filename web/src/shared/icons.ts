import type { App } from 'vue'
import {
  ArrowDown, ArrowLeft, ArrowRight, ArrowUp, Bell, CaretRight, Check, Checked, CircleCheck, CircleCheckFilled, Close, Connection, DataAnalysis, Delete,
  DocumentCopy, Download, Edit, Expand, Fold, Grid, HomeFilled, Key, Loading, Lock, Menu, Monitor, Moon, Odometer, Operation, Plus, Rank,
  Reading, Refresh, Search, Setting, Share, Sunny, SwitchButton, Tickets, Timer, TrendCharts, Unlock, Upload, User, UserFilled,
  View, Warning, WarningFilled, ZoomOut,
} from '@element-plus/icons-vue'

/** The icons the app uses, registered by name so navigation data can name them. */
const icons = {
  ArrowDown, ArrowLeft, ArrowRight, ArrowUp, Bell, CaretRight, Check, Checked, CircleCheck, CircleCheckFilled, Close, Connection, DataAnalysis, Delete,
  DocumentCopy, Download, Edit, Expand, Fold, Grid, HomeFilled, Key, Loading, Lock, Menu, Monitor, Moon, Odometer, Operation, Plus, Rank,
  Reading, Refresh, Search, Setting, Share, Sunny, SwitchButton, Tickets, Timer, TrendCharts, Unlock, Upload, User, UserFilled,
  View, Warning, WarningFilled, ZoomOut,
}

export function registerIcons(app: App): void {
  for (const [name, component] of Object.entries(icons)) {
    app.component(name, component)
  }
}
